#!/usr/bin/env python3
"""Checks that every dependency in StanceKit points down: a stage may name types of the layers and of earlier
stages only; a layer may name types of layers only.

Layers (Support, LinearAlgebra, Optimization, Statistics) sit under every stage; the stages follow the data:
Corpus -> Cleaning -> Text -> Features -> Explore -> Classifier -> Training -> Scoring -> Evaluation -> Validation
-> Reports -> Jobs.
A type belongs to the folder of the file that declares it at the top level (struct, enum, class, protocol,
actor, typealias).
Prints FILE:LINE: TYPE (defined in FOLDER) for every reference that points the wrong way and exits 1.
Usage: scripts/check-layers [SOURCES_DIR]   (default Sources/StanceKit)
"""
import os
import re
import sys

LAYERS = ["Support", "LinearAlgebra", "Optimization", "Statistics"]
STAGES = ["Corpus", "Cleaning", "Text", "Features", "Explore", "Classifier", "Training", "Scoring", "Evaluation",
          "Validation", "Reports", "Jobs"]


def rank(folder):
    if folder in LAYERS:
        return 0
    if folder in STAGES:
        return 1 + STAGES.index(folder)
    return None


def strip(text):
    """Removes comments and string literals (keeping line breaks) so that names in them do not count."""
    out = []
    i, n = 0, len(text)
    while i < n:
        if text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append("\n" * text.count("\n", i, j))
            i = j
        elif text.startswith('"""', i):
            j = text.find('"""', i + 3)
            j = n if j < 0 else j + 3
            out.append('""' + "\n" * text.count("\n", i, j))
            i = j
        elif text[i] == '"':
            j = i + 1
            while j < n and text[j] != '"' and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            out.append('""')
            i = j + 1
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "Sources/StanceKit"
    files = []
    for folder in sorted(os.listdir(root)):
        path = os.path.join(root, folder)
        if not os.path.isdir(path):
            continue
        if rank(folder) is None:
            print(f"{path}: folder is neither a layer ({', '.join(LAYERS)}) nor a stage ({', '.join(STAGES)})")
            return 1
        for name in sorted(os.listdir(path)):
            if name.endswith(".swift"):
                with open(os.path.join(path, name), encoding="utf-8") as handle:
                    files.append((folder, os.path.join(path, name), strip(handle.read())))
    # Top-level declarations only (nested types are reached through their outer type's name).
    declaration = re.compile(
        r"^(?:(?:public|package|internal|final|indirect|@\w+(?:\([^)]*\))?)\s+)*"
        r"(?:struct|enum|class|protocol|actor|typealias)\s+([A-Z][A-Za-z0-9_]*)",
        re.MULTILINE,
    )
    owner = {}
    for folder, path, text in files:
        for match in declaration.finditer(text):
            owner.setdefault(match.group(1), (folder, path))
    identifier = re.compile(r"\b[A-Z][A-Za-z0-9_]*\b")
    nested = re.compile(r"\b(?:struct|enum|class|protocol|actor|typealias)\s+([A-Z][A-Za-z0-9_]*)")
    # Nested types by folder: a type's extensions often sit in other files of its folder
    # (`extension LanguageIdentifier.Evidence` in Text/LanguageIdentifier+Shares.swift), and there the nested name
    # means the folder's own type, not a top-level type of another folder that happens to share the name.
    nested_in = {}
    for folder, path, text in files:
        top = set(declaration.findall(text))
        nested_in.setdefault(folder, set()).update(set(nested.findall(text)) - top)
    problems = 0
    for folder, path, text in files:
        # A name the file or its folder declares as a nested type shadows a top-level type of that name.
        own = set(nested.findall(text)) | nested_in[folder]
        for number, line in enumerate(text.split("\n"), start=1):
            for name in set(identifier.findall(line)):
                if name not in owner or name in own:
                    continue
                defined, _ = owner[name]
                if rank(defined) > rank(folder):
                    kind = "stage" if defined in STAGES else "layer"
                    print(f"{path}:{number}: {name} (defined in the later {kind} {defined}) used in {folder}")
                    problems += 1
    if problems:
        print(f"check-layers: {problems} reference(s) point to a later stage")
        return 1
    print(f"check-layers: {len(files)} files, every dependency points to a layer or an earlier stage")
    return 0


if __name__ == "__main__":
    sys.exit(main())
