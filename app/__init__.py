"""jiuzhu - 乡镇社会救助工作台."""

__version__ = "0.2.0"
