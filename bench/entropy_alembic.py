"""Entropy 0.15.9's own Alembic upgrade of one database, as `entropy upgrade` starts it.

Run by bench/entropy-alembic.ts with the entropy-oracle kit's environment (its env.sh puts
Entropy's vendored source on PYTHONPATH). Only the database part of `entropy upgrade`:
AlembicUtil(engine).upgrade(), Entropy's revision files run by Alembic on the file itself.
The whole `entropy upgrade` (params.json, the HDF5 move) is the benchmark's project row.

    python3 entropy_alembic.py PROJECT/.entropy/entropy.db
"""
import sys

from sqlalchemy import create_engine
from entropylab.pipeline.results_backend.sqlalchemy.alembic.alembic_util import AlembicUtil

AlembicUtil(create_engine("sqlite:///" + sys.argv[1])).upgrade()
