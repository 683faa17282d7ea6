"""Decoding photos for the screen: thumbnails (with their disk cache and
background loader) and display-size images. QtGui only, no widgets; the
record copies in the photo store are only ever read."""
