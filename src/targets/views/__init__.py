"""DataFrames to things people see or take away: maps, charts, labels and export bytes."""
