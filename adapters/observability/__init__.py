"""What every `journey` process tells its operators: metrics, logs and the ids that tie a
request to the events it stored and to the read models they reached (docs/operations.md)."""
