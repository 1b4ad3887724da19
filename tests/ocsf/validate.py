"""Validates OCSF events (JSON lines) against the OCSF 1.8.0 class schemas
bundled by the `ocsf-json-schema` package, with negative controls that must
fail. Usage: python validate.py EVENTS.jsonl  (exit 0 only when every event
is valid, every class of docs/ocsf.md occurs, and every control fails)."""

import copy
import json
import sys
from collections import Counter

import jsonschema
import ocsf_json_schema

VERSION = "1.8.0"
EXPECTED = {5001, 5003, 3002, 3001, 6003}


def main(path):
    embedded = ocsf_json_schema.OcsfJsonSchemaEmbedded(
        ocsf_json_schema.get_ocsf_schema(version=VERSION)
    )
    validators = {}

    def validator(class_uid):
        if class_uid not in validators:
            name = embedded.lookup_class_name_from_uid(class_uid)
            schema = embedded.get_class_schema(name)
            validators[class_uid] = jsonschema.Draft202012Validator(schema)
        return validators[class_uid]

    counts, failures, first = Counter(), 0, {}
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            event = json.loads(line)
            class_uid = event["class_uid"]
            counts[class_uid] += 1
            first.setdefault(class_uid, event)
            errors = list(validator(class_uid).iter_errors(event))
            if errors:
                failures += 1
                if failures <= 5:
                    print(f"line {number} (class {class_uid}): {errors[0].message}", file=sys.stderr)
    print(f"OCSF {VERSION}: {sum(counts.values())} events, {failures} invalid, by class {dict(sorted(counts.items()))}")
    missing = EXPECTED - set(counts)
    if missing:
        print(f"no event of class {sorted(missing)}", file=sys.stderr)
        return 1
    # Negative controls: events broken the way OCSF forbids must fail.
    controls = []
    device = copy.deepcopy(first[5001])
    del device["device"]["type_id"]
    controls.append(("a device without type_id", device))
    auth = copy.deepcopy(first[3002])
    auth.pop("service", None)
    auth.pop("dst_endpoint", None)
    controls.append(("an authentication without service or dst_endpoint", auth))
    user = copy.deepcopy(first[5003])
    user["class_uid"] = 5001
    controls.append(("a user inventory event with another class_uid", user))
    change = copy.deepcopy(first[3001])
    del change["user"]
    controls.append(("an account change without its user", change))
    passed = [name for name, event in controls if validator(event["class_uid"]).is_valid(event)]
    if passed:
        print(f"negative controls passed validation: {passed}", file=sys.stderr)
        return 1
    print(f"negative controls: {len(controls)} of {len(controls)} rejected")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
