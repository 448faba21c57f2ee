"""Customer tags: owners define them, staff put them on customers; lookup and export filter."""
