"""The schema: vocabularies, partial dates, the models, and the tables and columns derived from them."""
