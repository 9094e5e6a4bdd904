from typing import Any

class DType:
    @property
    def name(self) -> str: ...
    @property
    def code(self) -> int: ...
    @property
    def itemsize(self) -> int: ...
    @property
    def kind(self) -> str: ...
    @property
    def format(self) -> str: ...
    def __init__(self, name: str, code: int, itemsize: int, kind: str, fmt: str) -> None: ...
    def __reduce__(self) -> str: ...

float32: DType
float64: DType
int8: DType
int16: DType
int32: DType
int64: DType
uint8: DType
bool_: DType
ALL: tuple[DType, ...]
BY_CODE: dict[int, DType]
BY_NAME: dict[str, DType]

def as_dtype(obj: Any) -> DType: ...
def optional_dtype(obj: Any | None) -> DType | None: ...
