"""Reading and checking the YAML: parser with lines, loading into models, quotes, rules."""
