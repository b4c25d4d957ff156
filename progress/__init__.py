"""The progress layer: the one place that reads strategies, projects and reports together.

`progress.calculation` computes every figure the pages, PDFs, exports and the API show;
`progress.fingerprint` tells when any of those figures may have changed.
"""
