"""Read datapackage.json and check that it asks only for what the loader does.

The loader implements a subset of Frictionless Data Package / Table Schema v1: CSV files, the
types string, integer, number, boolean and date, the constraints listed in CONSTRAINTS, primary,
foreign and unique keys. Anything else in a resource, schema, field or constraint (a typo such as
``primarykey``, or a feature such as ``exclusiveMinimum``) is refused with a :class:`DataError`
rather than silently ignored, so a rule written in datapackage.json is always a rule enforced.
Unknown properties at the package level are kept: they describe the package and change nothing.

>>> spec = read_package(b'{"resources": [{"name": "t", "path": "t.csv", "schema": '
...                     b'{"fields": [{"name": "x", "type": "integer"}], "primaryKey": "x"}}]}', "datapackage.json")
>>> table_spec(spec, "t", "datapackage.json").primary_key
['x']
>>> read_package(b'{"resources": []}', "data/datapackage.json")
Traceback (most recent call last):
peru_us.validation.DataError: data/datapackage.json: 'resources' must list at least one table
"""
from __future__ import annotations

import codecs
import json
import re
from typing import NamedTuple

from .validation import CONVERTERS, DataError, closest

TYPES = tuple(CONVERTERS)  # string, date, boolean, integer, number: the types validation.py reads
# Constraints the loader enforces, and the field types each applies to.
CONSTRAINTS = {
    "required": TYPES, "unique": TYPES, "enum": ("string",), "pattern": ("string",),
    "minLength": ("string",), "maxLength": ("string",),
    "minimum": ("integer", "number"), "maximum": ("integer", "number"),
}
# Properties that describe and change nothing; everything else must be one the loader implements.
FIELD_NOTES = {"name", "title", "description", "example", "rdfType", "unit"}
FIELD_RULES = {"type", "format", "constraints", "trueValues", "falseValues"}
SCHEMA_PROPERTIES = {"fields", "primaryKey", "foreignKeys", "missingValues"}
RESOURCE_NOTES = {"title", "description", "profile", "licenses", "sources", "homepage", "bytes", "hash",
                  "mediatype", "keywords"}
RESOURCE_RULES = {"name", "path", "schema", "format", "encoding", "dialect"}
# CSV dialect properties the reader implements, with the csv module's argument for each.
DIALECT = {"delimiter": "delimiter", "quoteChar": "quotechar", "doubleQuote": "doublequote",
           "escapeChar": "escapechar", "skipInitialSpace": "skipinitialspace"}
DIALECT_ACCEPTED = {"header": True, "lineTerminator": None, "caseSensitiveHeader": False}  # None: any value
DEFAULT_TRUE = ("true", "True", "TRUE", "1")
DEFAULT_FALSE = ("false", "False", "FALSE", "0")


class Field(NamedTuple):
    """One column as declared: name, type, constraints, and the words read as true and false."""

    name: str
    type: str
    constraints: dict
    description: str = ""
    unit: str = ""
    true_values: tuple = DEFAULT_TRUE
    false_values: tuple = DEFAULT_FALSE


class ForeignKey(NamedTuple):
    fields: list
    resource: str  # "" = this table (a self-reference)
    reference: list


class Table(NamedTuple):
    """One resource of the package, checked and with lists where the spec also allows a string."""

    name: str
    path: str
    title: str
    encoding: str
    dialect: dict
    fields: list
    primary_key: list
    foreign_keys: list
    missing_values: tuple = ("",)


def read_package(raw: bytes, shown: str) -> dict[str, dict]:
    """Parse datapackage.json (UTF-8, a BOM allowed) and return its resources by name, in order."""
    if raw[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        raise DataError(shown, "is saved as UTF-16; save it as UTF-8")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        raise DataError(shown, f"is not UTF-8 text (byte 0x{raw[err.start]:02x} on line {line}; "
                               "was it saved as Latin-1 or Windows-1252?); save it as UTF-8") from None
    try:
        package = json.loads(text, object_pairs_hook=_no_duplicate_keys)
    except json.JSONDecodeError as err:
        raise DataError(shown, f"is not valid JSON ({err.msg} at line {err.lineno}, column {err.colno})") from None
    except ValueError as err:  # a duplicate key
        raise DataError(shown, str(err)) from None
    if not isinstance(package, dict):
        raise DataError(shown, f"must hold a JSON object with a 'resources' list, not a {_json_type(package)}")
    resources = package.get("resources")
    if not isinstance(resources, list):
        got = "it has no 'resources'" if resources is None else f"'resources' is a {_json_type(resources)}"
        raise DataError(shown, f"must list its tables in 'resources' (a list of objects); {got}")
    if not resources:
        raise DataError(shown, "'resources' must list at least one table")
    by_name: dict[str, dict] = {}
    for number, resource in enumerate(resources, start=1):
        if not isinstance(resource, dict) or not isinstance(resource.get("name"), str) or not resource["name"]:
            raise DataError(shown, f"resource {number} must be an object with a 'name' (a non-empty string)")
        if resource["name"] in by_name:
            raise DataError(shown, f"two resources are named {resource['name']!r}")
        by_name[resource["name"]] = resource
    return by_name


def table_spec(resources: dict[str, dict], name: str, shown: str) -> Table:
    """Check one resource and its schema; return it as a :class:`Table`."""
    resource = resources[name]
    where = f"table '{name}'"
    _only(resource, RESOURCE_NOTES | RESOURCE_RULES, shown, where)
    path = resource.get("path")
    if not isinstance(path, str) or not path:
        raise DataError(shown, f"{where}: 'path' must be the name of one CSV file, got {path!r}")
    if re.match(r"^[a-z][a-z0-9+.-]*://", path) or path.startswith(("/", "\\")) or ".." in path.split("/"):
        raise DataError(shown, f"{where}: 'path' {path!r} must be a file inside the data folder "
                               "(no URL, no absolute path, no '..')")
    if resource.get("format", "csv") != "csv" or resource.get("mediatype", "text/csv") != "text/csv":
        raise DataError(shown, f"{where}: only CSV files are supported (format 'csv', mediatype 'text/csv')")
    encoding = resource.get("encoding", "utf-8")
    try:
        codecs.lookup(encoding)
    except (LookupError, TypeError):
        raise DataError(shown, f"{where}: unknown encoding {encoding!r} (e.g. 'utf-8')") from None
    schema = resource.get("schema")
    if schema is None:
        raise DataError(shown, f"{where} has no 'schema': declare its fields there")
    if not isinstance(schema, dict):
        raise DataError(shown, f"{where}: 'schema' must be an object with 'fields' (a schema in a separate "
                               f"file is not supported), got {_json_type(schema)}")
    _only(schema, SCHEMA_PROPERTIES, shown, f"{where}, schema")
    fields = _fields(schema.get("fields"), shown, where)
    names = [f.name for f in fields]
    missing = schema.get("missingValues", [""])
    if not isinstance(missing, list) or not all(isinstance(m, str) for m in missing):
        raise DataError(shown, f"{where}: 'missingValues' must be a list of strings, got {missing!r}")
    primary_key = _names(schema.get("primaryKey", []), names, shown, f"{where}, primaryKey")
    foreign_keys = [_foreign_key(fk, name, names, resources, shown, where)
                    for fk in _list(schema.get("foreignKeys", []), shown, f"{where}, foreignKeys")]
    return Table(name=name, path=path, title=str(resource.get("title", "")), encoding=encoding,
                 dialect=_dialect(resource.get("dialect", {}), shown, where), fields=fields,
                 primary_key=primary_key, foreign_keys=foreign_keys, missing_values=tuple(missing))


def _fields(fields, shown: str, where: str) -> list[Field]:
    if not isinstance(fields, list) or not fields:
        raise DataError(shown, f"{where}: the schema needs 'fields', a non-empty list")
    checked, seen = [], set()
    for number, field in enumerate(fields, start=1):
        if not isinstance(field, dict) or not isinstance(field.get("name"), str) or not field["name"]:
            raise DataError(shown, f"{where}: field {number} must be an object with a 'name' (a non-empty string)")
        name = field["name"]
        if name in seen:
            raise DataError(shown, f"{where}: two fields are named {name!r}")
        seen.add(name)
        checked.append(_field(field, shown, f"{where}, field '{name}'"))
    return checked


def _field(field: dict, shown: str, where: str) -> Field:
    _only(field, FIELD_NOTES | FIELD_RULES, shown, where)
    kind = field.get("type", "string")  # Table Schema: a field without a type is a string
    if kind not in TYPES:
        raise DataError(shown, f"{where}: type {kind!r} is not supported{closest(kind, TYPES)}; "
                               f"supported: {', '.join(TYPES)}")
    if field.get("format", "default") != "default":
        raise DataError(shown, f"{where}: format {field['format']!r} is not supported (only the default format)")
    constraints = field.get("constraints", {})
    if not isinstance(constraints, dict):
        raise DataError(shown, f"{where}: 'constraints' must be an object, got {_json_type(constraints)}")
    for rule, value in constraints.items():
        if rule not in CONSTRAINTS:
            raise DataError(shown, f"{where}: constraint {rule!r} is not supported{closest(rule, CONSTRAINTS)}; "
                                   f"supported: {', '.join(CONSTRAINTS)}")
        if kind not in CONSTRAINTS[rule]:
            raise DataError(shown, f"{where}: constraint {rule!r} does not apply to a {kind} field "
                                   f"(only to {', '.join(CONSTRAINTS[rule])})")
        _check_rule(rule, value, kind, shown, where)
    extra = {}
    for words in ("trueValues", "falseValues"):
        if words in field:
            values = field[words]
            if kind != "boolean" or not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                raise DataError(shown, f"{where}: {words!r} must be a list of strings, on a boolean field")
            extra["true_values" if words == "trueValues" else "false_values"] = tuple(values)
    return Field(name=field["name"], type=kind, constraints=constraints, description=str(field.get("description", "")),
                 unit=str(field.get("unit", "")), **extra)


def _check_rule(rule: str, value, kind: str, shown: str, where: str) -> None:
    """The value of a constraint has the type the spec asks for."""
    if rule in ("required", "unique"):
        ok = isinstance(value, bool)
    elif rule in ("minLength", "maxLength"):
        ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
    elif rule in ("minimum", "maximum"):
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and (kind == "number" or isinstance(value, int))
    elif rule == "enum":
        ok = isinstance(value, list) and value and all(isinstance(v, str) for v in value) and len(set(value)) == len(value)
    else:  # pattern
        ok = isinstance(value, str)
        if ok:
            try:
                re.compile(value)
            except re.error as err:
                raise DataError(shown, f"{where}: pattern {value!r} is not a valid regular expression ({err})") from None
    if not ok:
        wanted = {"required": "true or false", "unique": "true or false", "minLength": "a whole number >= 0",
                  "maxLength": "a whole number >= 0", "minimum": f"a{'n integer' if kind == 'integer' else ' number'}",
                  "maximum": f"a{'n integer' if kind == 'integer' else ' number'}",
                  "enum": "a non-empty list of distinct strings", "pattern": "a regular expression (a string)"}[rule]
        raise DataError(shown, f"{where}: constraint {rule!r} must be {wanted}, got {value!r}")


def _foreign_key(fk, table: str, names: list[str], resources: dict, shown: str, where: str) -> ForeignKey:
    if not isinstance(fk, dict) or set(fk) != {"fields", "reference"} or not isinstance(fk["reference"], dict) \
            or set(fk["reference"]) != {"resource", "fields"}:
        raise DataError(shown, f"{where}: a foreign key must be {{'fields': ..., 'reference': "
                               f"{{'resource': ..., 'fields': ...}}}}, got {fk!r}")
    fields = _names(fk["fields"], names, shown, f"{where}, foreign key")
    target = fk["reference"]["resource"]
    if not isinstance(target, str) or (target and target not in resources):
        raise DataError(shown, f"{where}: a foreign key refers to table {target!r}, which does not exist"
                               f"{closest(target, resources)}; the tables are: {', '.join(resources)}")
    if target:
        target_fields = [f.get("name") for f in (resources[target].get("schema") or {}).get("fields") or []
                         if isinstance(f, dict)]
    else:
        target_fields = names
    reference = _names(fk["reference"]["fields"], target_fields, shown,
                       f"{where}, foreign key to '{target or table}'")
    if len(reference) != len(fields):
        raise DataError(shown, f"{where}: a foreign key pairs {len(fields)} field(s) with {len(reference)}")
    return ForeignKey(fields=fields, resource=target, reference=reference)


def _names(value, allowed: list[str], shown: str, where: str) -> list[str]:
    """A field name or a list of them (the spec allows both), each one of `allowed`."""
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise DataError(shown, f"{where}: expected a field name or a list of field names, got {value!r}")
    for name in names:
        if name not in allowed:
            raise DataError(shown, f"{where}: {name!r} is not a field{closest(name, allowed)}; "
                                   f"the fields are: {', '.join(map(str, allowed))}")
    return list(names)


def _dialect(dialect, shown: str, where: str) -> dict:
    if not isinstance(dialect, dict):
        raise DataError(shown, f"{where}: 'dialect' must be an object, got {_json_type(dialect)}")
    options = {}
    for key, value in dialect.items():
        if key in DIALECT:
            options[DIALECT[key]] = value
        elif key in DIALECT_ACCEPTED and DIALECT_ACCEPTED[key] in (None, value):
            continue
        else:
            known = [*DIALECT, *DIALECT_ACCEPTED]
            raise DataError(shown, f"{where}: dialect {key}={value!r} is not supported{closest(key, known)}; "
                                   f"supported: {', '.join(DIALECT)}, header=true")
    return options


def _only(mapping: dict, allowed: set, shown: str, where: str) -> None:
    for key in mapping:
        if key not in allowed:
            raise DataError(shown, f"{where}: property {key!r} is not supported by the loader{closest(key, allowed)}; "
                                   f"supported: {', '.join(sorted(allowed))}")


def _list(value, shown: str, where: str) -> list:
    if not isinstance(value, list):
        raise DataError(shown, f"{where}: expected a list, got {_json_type(value)}")
    return value


def _no_duplicate_keys(pairs):
    mapping = dict(pairs)
    if len(mapping) < len(pairs):
        seen = set()
        twice = next(k for k, _ in pairs if k in seen or seen.add(k))
        raise ValueError(f"the key {twice!r} appears twice in the same object (JSON would keep only the last)")
    return mapping


def _json_type(value) -> str:
    return {dict: "object", list: "list", str: "string", bool: "boolean", type(None): "null"}.get(
        type(value), "number")
