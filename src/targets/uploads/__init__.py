"""Bringing in a campaigner's own candidates and endorsements, in three steps.

1. ``reading.read_upload`` turns the file's bytes into our endorsement columns as text
   (CSV in any of the encodings and delimiters people save, or XLSX; a Democracy Club
   export is recognised and mapped by ``democracy_club``), or raises ``UploadError``.
   Files are bounded before they are parsed and while they are read (``UPLOAD_LIMITS``:
   size, rows, columns, cell length; an XLSX's zip archive is checked first), and every
   cell is cleaned as ``data/candidates.csv`` is (``candidates_file.clean_text``).
2. ``reading.assign_group_stance`` sets a group and stance on the rows chosen.
3. ``report.build_import_report`` matches every row to a July 2024 seat, maps parties and
   checks the schema (each distinct seat is matched once): each row is imported, needs
   confirmation, or is rejected with the reason. ``report.merge_endorsements`` adds the
   imported rows to the data in use.
"""
