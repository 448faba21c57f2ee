"""Customer imports run by the worker: an owner uploads a CSV, polls the job, downloads the
rows it refused."""
