"""The data wing of frontline: schema, dates, importers, exporters and queries. Never imports Textual."""
