"""The built package (datapackage.json and its CSVs): one reader, typed records and cells."""
