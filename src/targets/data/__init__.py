"""The only code that touches files or the network: sources, readers, saved files, writes."""
