"""aiact: the EU AI Act (Regulation (EU) 2024/1689, as amended) as code."""

__version__ = "0.1.0"
