"""The GeoNames places of Syria and its border regions, under the hand-made gazetteer.

- ``places.tsv``: the trimmed table (GeoNames data, CC BY 4.0), one place a row;
- `table`: its format, and reading it (on first use, by `corpus.gazetteer.shipped`);
- `build`: how it is made (``python3 -m corpus.geo.build``; never imported by the app).

See README.md beside this file.
"""
