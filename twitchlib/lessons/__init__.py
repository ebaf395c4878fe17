"""The lessons layer: what is particular to each lesson (placeholder; see activities)."""
