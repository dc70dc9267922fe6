"""The drift report: what a change to the document does to the users of each target's SDK.

`compare.py` compares two versions of the language-neutral IR in a target's names (`names.py`),
classifying each change by `rules.py`; `formats.py` prints the report (text, JSON, Markdown);
`sources.py` reads the two versions (two files, a git revision, or the spec the output folder's
manifest records); `versioning.py` bumps the SDK's version and writes the changelog from it.
"""
