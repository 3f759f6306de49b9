"""Adds saved_in_hdf5 = 0 Results rows of many Python types to a project made by the oracle kit's
`make-project` (../shared/entropy-oracle), through Entropy's own ResultTable.from_model, for judging
the HDF5 move by hand. Run with the kit's environment:  $PY scripts/hdf5-oracle-variant.py DIR {types|nul}
"""
import sys
from datetime import datetime, timedelta

import numpy as np
import pandas as pd
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

from entropylab.pipeline.api.data_writer import RawResultData
from entropylab.pipeline.results_backend.sqlalchemy.model import ResultTable

TYPES = [
    ("big_pos", 2**40), ("big_neg", -(2**40)), ("u64", 2**63), ("huge", 2**70), ("whole_float", 3.0),
    ("neg_zero", -0.0), ("false", False), ("cplx", 3 - 4j), ("empty_str", ""), ("empty_bytes", b""),
    ("floats", [1.5, 2.5]), ("grid", [[1, 2], [3, 4]]), ("bools", [True, False]), ("strs", ["a", "bc"]),
    ("bytes_list", [b"a", b"bc"]), ("tuple", (1, 2.5)), ("empty_list", []), ("set", {1, 2}),
    ("bytearray", bytearray(b"ab")), ("mixed_list", [1, None]), ("int_bool", [True, 2]),
    ("i8", np.arange(3, dtype=np.int8)), ("u16", np.arange(3, dtype=np.uint16)), ("f32", np.ones((2, 2), np.float32)),
    ("f16", np.ones(2, np.float16)), ("b_arr", np.array([True, False])), ("c64", np.array([1 + 1j], np.complex64)),
    ("be_i4", np.arange(3, dtype=">i4")), ("fortran", np.asfortranarray(np.arange(6.0).reshape(2, 3))),
    ("s_arr", np.array([b"x", b"yz"])), ("u_arr", np.array(["x", "yz"])), ("b0", np.bool_(True)),
    ("i32_0", np.int32(7)), ("empty_arr", np.zeros((0, 2))), ("f32_0", np.float32(1.25)),
    ("df_mixed", pd.DataFrame({"a": [1], "b": ["x"]})), ("df_ints", pd.DataFrame({"a": [1, 2], "b": [3, 4]})),
    ("unicode label é ü 🧪", "text"),
]
NUL = [("nul_bytes", b"a\x00b"), ("nul_str", "a\x00b"), ("ragged", [[1, 2], [3]]), ("plain", 1)]


def main():
    project, which = sys.argv[1], sys.argv[2]
    engine = create_engine(f"sqlite:///{project}/.entropy/entropy.db")
    t0 = datetime(2022, 3, 4, 5, 6, 7, 890)
    with sessionmaker(bind=engine)() as session:
        for n, (label, data) in enumerate(TYPES if which == "types" else NUL):
            row = ResultTable.from_model(4, RawResultData(label=label, data=data, stage=n % 2, story=f"story {n}"))
            row.time = t0 + timedelta(seconds=n)
            session.add(row)
        session.commit()


main()
