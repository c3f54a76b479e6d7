"""The exceptions of ona: one tree under :class:`OnaError`.

Every exception raised by ona carries ``.code``, a stable string such as
``"ONA_NODE_OUT_OF_RANGE"`` (the Rust core's ``ErrorKind::code()``), and also
derives from the built-in exception a Python user would expect, so existing
``except ValueError`` / ``except KeyError`` handlers keep working:

=========================  ==========================  =============================
class                      also a                      codes
=========================  ==========================  =============================
InvalidInput               ValueError                  (base of the thirteen below)
InvalidParameter           ValueError                  ONA_INVALID_PARAMETER
InvalidWeight              ValueError                  ONA_INVALID_WEIGHT
LengthMismatch             ValueError                  ONA_LENGTH_MISMATCH
DuplicateEdge              ValueError                  ONA_DUPLICATE_EDGE
SelfLoopError              ValueError                  ONA_SELF_LOOP
EmptyGraph                 ValueError                  ONA_EMPTY_GRAPH
Unsupported                ValueError                  ONA_UNSUPPORTED
InvalidTable               ValueError                  ONA_INVALID_TABLE, ONA_TABLE_FORMAT
CorruptSnapshotError       ValueError                  ONA_CORRUPT_SNAPSHOT, ONA_CORRUPT_ENGINE
UnsupportedVersionError    ValueError                  ONA_UNSUPPORTED_VERSION
InvalidName                ValueError                  ONA_INVALID_NAME (engine tenant / graph / tier)
InvalidEvent               ValueError                  ONA_INVALID_EVENT (engine event batch)
QueryError                 ValueError                  ONA_QUERY (Cypher Neo4j rejected or failed)
InvalidType                TypeError                   ONA_INVALID_TYPE
NodeNotFound               KeyError                    ONA_UNKNOWN_NODE, ONA_NODE_OUT_OF_RANGE
NotFound                   KeyError                    ONA_NOT_FOUND (base of the two below;
                                                       also Neo4j write-back ids matching no node)
UnknownTenant              KeyError                    ONA_NOT_FOUND (no such engine tenant)
UnknownGraph               KeyError                    ONA_NOT_FOUND (no such graph of a tenant)
NoPath                     (OnaError only)             ONA_NO_PATH
NotConverged               RuntimeError                ONA_NOT_CONVERGED
LimitExceeded              MemoryError                 ONA_TOO_LARGE, ONA_RESOURCE_EXHAUSTED,
                                                       ONA_LIMIT_EXCEEDED (engine tier limit)
ConflictError              (OnaError only)             ONA_CONFLICT (engine graph conflict)
OnaOSError                 OSError                     ONA_IO (files, Redis / Neo4j / Kafka
                                                       unreachable); base of ThreadPoolError
ThreadPoolError            OSError                     ONA_THREAD_POOL
Timeout                    TimeoutError                ONA_DEADLINE_EXCEEDED
Cancelled                  (OnaError only)             ONA_CANCELLED
InternalError              (OnaError only)             ONA_INTERNAL (a Rust panic: a bug)
=========================  ==========================  =============================

Engine errors (:class:`ona.Engine`, :class:`ona.Tenant`) carry the fields of
the refusal as attributes: ``LimitExceeded`` from a tier limit has ``tenant``,
``limit`` (``'nodes_per_graph'``, ``'graphs_per_tenant'``, ``'memory_bytes'``
or ``'events_per_second'``), ``requested`` and ``allowed`` (all ``None`` for
the core's size limits); ``UnknownTenant`` / ``UnknownGraph`` have ``tenant``
(and ``graph``); ``InvalidEvent`` has ``graph`` and ``row`` (0-based row of
the batch); ``ConflictError`` has ``graph``. A refused engine call changed
nothing. An engine directory locked by another ``Engine`` is ``OnaOSError``.

Adapter errors (:class:`ona.Neo4j`, :class:`ona.KafkaProducer`,
:class:`ona.KafkaWorker`) use the same codes as the Node binding: a server
that cannot be reached is ``OnaOSError`` (``ONA_IO``); Cypher the server
rejects is ``QueryError`` (``query`` names it, the message carries the
server's reason); rows a Neo4j projection cannot use (a missing ``id`` /
``src`` / ``dst`` column, a value of the wrong type, an id twice) are
``InvalidTable`` with ``query``, ``column`` and ``row``; a write-back whose
ids match no node is ``NotFound`` (that batch rolled back); a setting out of
range is ``InvalidParameter``.

Cancellation: Ctrl-C (``KeyboardInterrupt``), Celery's ``SoftTimeLimitExceeded``
or an exception raised by a ``progress`` callback stop the computation and are
re-raised *as they are*, not wrapped; ``Cancelled`` is only seen when ona is
cancelled with no Python exception pending. Argument *types* PyO3 cannot
convert at all (e.g. a str for ``max_iter``) raise a plain ``TypeError``.
"""

from __future__ import annotations

__all__ = [
    "OnaError",
    "InvalidInput",
    "InvalidParameter",
    "InvalidWeight",
    "LengthMismatch",
    "DuplicateEdge",
    "SelfLoopError",
    "EmptyGraph",
    "Unsupported",
    "InvalidTable",
    "CorruptSnapshotError",
    "UnsupportedVersionError",
    "InvalidName",
    "InvalidEvent",
    "QueryError",
    "InvalidType",
    "NodeNotFound",
    "NotFound",
    "UnknownTenant",
    "UnknownGraph",
    "NoPath",
    "NotConverged",
    "LimitExceeded",
    "ConflictError",
    "OnaOSError",
    "ThreadPoolError",
    "Timeout",
    "Cancelled",
    "InternalError",
]


class OnaError(Exception):
    """Root of every exception ona raises. ``code`` is a stable identifier."""

    code: str = "ONA_ERROR"

    def __str__(self) -> str:  # KeyError would otherwise repr() the message
        return str(self.args[0]) if self.args else self.code


class InvalidInput(OnaError, ValueError):
    """The input (edges, parameters) is not acceptable."""


class InvalidParameter(InvalidInput):
    """A parameter is outside its domain."""

    code = "ONA_INVALID_PARAMETER"


class InvalidWeight(InvalidInput):
    """A weight is NaN, infinite or of a sign the operation refuses."""

    code = "ONA_INVALID_WEIGHT"


class LengthMismatch(InvalidInput):
    """Two columns (or a per-node vector and the graph) differ in length."""

    code = "ONA_LENGTH_MISMATCH"


class DuplicateEdge(InvalidInput):
    """A repeated edge under ``duplicates="error"``."""

    code = "ONA_DUPLICATE_EDGE"


class SelfLoopError(InvalidInput):
    """A self loop under ``self_loops="error"``."""

    code = "ONA_SELF_LOOP"


class EmptyGraph(InvalidInput):
    """The operation needs at least one node."""

    code = "ONA_EMPTY_GRAPH"


class Unsupported(InvalidInput):
    """The operation is not defined for this kind of graph."""

    code = "ONA_UNSUPPORTED"


class InvalidTable(InvalidInput):
    """A table file (CSV, Parquet, Arrow IPC) has a bad value or column, or
    cannot be decoded; the message names the file, row and column. Also the
    rows of a Neo4j projection query: ``query``, ``column`` and ``row``
    (0-based; None for a missing column) say where."""

    code = "ONA_INVALID_TABLE"
    query: str | None = None
    column: str | None = None
    row: int | None = None


class CorruptSnapshotError(InvalidInput):
    """A snapshot file failed validation (a checksum, bound or invariant);
    the message names the section."""

    code = "ONA_CORRUPT_SNAPSHOT"


class UnsupportedVersionError(InvalidInput):
    """A snapshot file written by a newer ona than this one reads."""

    code = "ONA_UNSUPPORTED_VERSION"


class InvalidName(InvalidInput):
    """A tenant id or graph name outside the allowed pattern (1 to 64 bytes
    of ``A-Z a-z 0-9 _ - .``, not starting with ``.``), or an unknown tier."""

    code = "ONA_INVALID_NAME"


class InvalidEvent(InvalidInput):
    """One event of a batch is malformed; the whole batch was refused.
    ``graph`` and ``row`` (0-based) say where."""

    code = "ONA_INVALID_EVENT"
    graph: str | None = None
    row: int | None = None


class QueryError(InvalidInput):
    """Neo4j rejected or failed a Cypher query (syntax, a constraint, a
    transaction); ``query`` is its text, the message carries the server's
    reason."""

    code = "ONA_QUERY"
    query: str | None = None


class InvalidType(OnaError, TypeError):
    """A value of the wrong type (e.g. float node ids)."""

    code = "ONA_INVALID_TYPE"


class NodeNotFound(OnaError, KeyError):
    """No node has this id (or index)."""

    code = "ONA_UNKNOWN_NODE"


class NotFound(OnaError, KeyError):
    """No such engine tenant or graph (see the two subclasses), or ids of a
    Neo4j write-back that match no node."""

    code = "ONA_NOT_FOUND"
    tenant: str | None = None
    graph: str | None = None


class UnknownTenant(NotFound):
    """No tenant has this id (``Engine.get_tenant``)."""


class UnknownGraph(NotFound):
    """The tenant has no graph of this name."""


class NoPath(OnaError):
    """No path joins the two nodes (NetworkX's ``NetworkXNoPath``)."""

    code = "ONA_NO_PATH"


class NotConverged(OnaError, RuntimeError):
    """An iterative method did not reach its tolerance within ``max_iter``."""

    code = "ONA_NOT_CONVERGED"


class LimitExceeded(OnaError, MemoryError):
    """Too many nodes / arcs, a memory reservation failed, or (code
    ``ONA_LIMIT_EXCEEDED``) an engine request would exceed its tenant's tier:
    ``tenant``, ``limit``, ``requested`` (what the total would have become;
    for rates, the events asked for) and ``allowed`` say which."""

    code = "ONA_RESOURCE_EXHAUSTED"
    tenant: str | None = None
    limit: str | None = None
    requested: int | None = None
    allowed: int | None = None


class ConflictError(OnaError):
    """An engine request contradicts how the graph was created (the other
    direction, or integer keys into a string-keyed graph); ``graph`` names it."""

    code = "ONA_CONFLICT"
    graph: str | None = None


class OnaOSError(OnaError, OSError):
    """An operating-system level failure (files; threads)."""

    code = "ONA_IO"


class ThreadPoolError(OnaOSError):
    """The OS refused to start worker threads."""

    code = "ONA_THREAD_POOL"


class Timeout(OnaError, TimeoutError):
    """The ``timeout=`` passed before the computation finished."""

    code = "ONA_DEADLINE_EXCEEDED"


class Cancelled(OnaError):
    """The computation was cancelled with no Python exception pending."""

    code = "ONA_CANCELLED"


class InternalError(OnaError):
    """A bug in ona (a Rust panic, caught before it reached Python)."""

    code = "ONA_INTERNAL"
