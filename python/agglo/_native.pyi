"""Type stubs of agglo._native, the extension module built from python/src/lib.rs."""

from os import PathLike
from typing import List, Optional, Union

__version__: str

class AggloError(Exception):
    """An agglo error; the message names the config key or file to fix and the allowed range."""

def run(
    argv: List[str],
    *,
    config_toml: Optional[str] = ...,
    config_json: Optional[str] = ...,
    overrides_json: Optional[str] = ...,
    origin: Optional[str] = ...,
    base_dir: Optional[Union[str, PathLike[str]]] = ...,
    threads: Optional[int] = ...,
    max_memory: Optional[str] = ...,
    progress: bool = ...,
    command_line: Optional[str] = ...,
) -> None:
    """Runs an agglo command line (``["agglo", "solve", "-o", path]``) in-process, as the CLI."""

def default_config() -> str: ...
def schema_json() -> str: ...
