"""Marketing consent with evidence: per customer and purpose, an append-only history."""
