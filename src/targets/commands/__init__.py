"""CLI command modules: each defines ``register(commands)`` adding its sub-commands.

``targets.cli`` discovers every module here, so a new command is a new file.
"""
