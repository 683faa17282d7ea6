"""Printable documents (aftercare sheets, progress reports) built from plain data; QtGui only, no widgets."""
