"""sdkgen: an OpenAPI -> Python SDK generator.

The pipeline, one module per stage: load -> validate -> ir -> render -> format, returning
`{path: text}` (pipeline.generate); only output.write and output.check touch the disk.
"""

__version__ = "0.1.0"
