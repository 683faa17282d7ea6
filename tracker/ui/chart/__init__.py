"""The patient chart: header with care flags, lesions, sessions, extension tabs."""
