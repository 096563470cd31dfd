"""The AI system inventory: the store behind `aiact serve` (see docs/web.md)."""
