#!/usr/bin/env python3
"""A validator for the subset of JSON Schema that wpcheck.schema.json uses:
type (object, array, string, integer, number, boolean, null), required,
properties, additionalProperties (false), items, enum, minimum, minLength.
A keyword it does not know is an error, so the schema cannot silently use
more than is checked.

usage: json_schema.py SCHEMA [FILE]   (FILE defaults to stdin)"""
import json
import sys

KNOWN = {"$schema", "$id", "title", "description", "type", "required", "properties", "additionalProperties",
         "items", "enum", "minimum", "minLength"}

TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


def validate(value, schema, path="$"):
    """The list of errors (empty: valid)."""
    errors = []
    unknown = set(schema) - KNOWN
    if unknown:
        return [f"{path}: schema uses keywords this validator does not check: {sorted(unknown)}"]
    t = schema.get("type")
    if t is not None:
        types = t if isinstance(t, list) else [t]
        if not any(TYPES[x](value) for x in types):
            return [f"{path}: {json.dumps(value)[:60]} is not of type {t}"]
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{path}: {json.dumps(value)} is not one of {schema['enum']}")
    if "minimum" in schema and TYPES["number"](value) and value < schema["minimum"]:
        errors.append(f"{path}: {value} is below the minimum {schema['minimum']}")
    if "minLength" in schema and isinstance(value, str) and len(value) < schema["minLength"]:
        errors.append(f"{path}: string shorter than {schema['minLength']}")
    if isinstance(value, dict):
        for key in schema.get("required", []):
            if key not in value:
                errors.append(f"{path}: required key '{key}' is missing")
        props = schema.get("properties", {})
        for key, v in value.items():
            if key in props:
                errors.extend(validate(v, props[key], f"{path}.{key}"))
            elif schema.get("additionalProperties", True) is False:
                errors.append(f"{path}: key '{key}' is not allowed")
    if isinstance(value, list) and "items" in schema:
        for i, v in enumerate(value):
            errors.extend(validate(v, schema["items"], f"{path}[{i}]"))
    return errors


def main():
    if len(sys.argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    with open(sys.argv[1], encoding="utf-8") as fh:
        schema = json.load(fh)
    text = open(sys.argv[2], encoding="utf-8").read() if len(sys.argv) == 3 else sys.stdin.read()
    errors = validate(json.loads(text), schema)
    for e in errors:
        print(e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
