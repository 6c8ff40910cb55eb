"""Social Media Gouvernance knowledge base: case-study validator and site generator."""

__version__ = "0.1.0"
