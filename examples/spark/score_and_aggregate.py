#!/usr/bin/env python3
"""Score a JSON Lines corpus with `stance score` inside Spark, then aggregate the article lines.

    spark-submit examples/spark/score_and_aggregate.py --input CORPUS.jsonl[.gz] --output DIR \
        [--stance PATH] [--model PATH] [--by source] [--partitions 8] [--seed 1] [--score-args "..."]

Scoring is a filter: each partition's records go through one `stance score` process (`RDD.pipe`), which writes
one article line per record, in order. The article lines carry every input field but the text, the text's
fingerprint and the rating, so nothing else is needed to aggregate them: the `--by` table needs every article of a
group in one process, and `stance aggregate` builds it from the saved lines (here in one task, as the lines are
small: about 400 bytes an article).

Writes
    DIR/articles/part-*     the article lines, one file per partition (what `stance score` writes)
    DIR/table.txt           `stance aggregate --by FIELDS` of the lines, in part order
    DIR/timing.json         seconds per stage

`--stance` and `--model` are paths as the executors see them: in local mode the built binary and a model file; on a
cluster either shipped with `spark-submit --files stance,model.stance` (YARN puts them in each container's working
directory: `--stance ./stance --model ./model.stance`) or installed on every node with `scripts/install`
(`--stance /usr/local/bin/stance`, and `--model` may be left out for the installed default model).
"""

import argparse
import json
import os
import shlex
import sys
import time

from pyspark import SparkConf, SparkContext, StorageLevel


def parse_arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--input", required=True, help="corpus: JSON Lines, gzip allowed (a directory or glob too)")
    parser.add_argument("--output", required=True, help="output directory (must not exist)")
    parser.add_argument("--stance", default="stance", help="the stance binary as the executors see it")
    parser.add_argument("--model", help="the model file as the executors see it (default: stance's default model)")
    parser.add_argument("--by", default="source", help="grouping fields of the table (comma-separated)")
    parser.add_argument("--partitions", type=int, default=8, help="partitions the records are shuffled into")
    parser.add_argument("--seed", type=int, default=1, help="seed of the shuffle")
    parser.add_argument("--threads", type=int, default=1, help="threads of each stance score process")
    parser.add_argument("--score-args", default="", help="more arguments for stance score (e.g. '--skip-invalid')")
    parser.add_argument("--aggregate-args", default="", help="more arguments for stance aggregate")
    parser.add_argument("--master", help="Spark master when not run by spark-submit (e.g. local[2])")
    return parser.parse_args(argv)


def shuffle_key(seed, index):
    """A partition-independent pseudo-random key of a record's position (SplitMix64 of seed and index)."""
    z = (seed * 0x9E3779B97F4A7C15 + index + 1) & 0xFFFFFFFFFFFFFFFF
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
    return z ^ (z >> 31)


def main(argv):
    arguments = parse_arguments(argv)
    if arguments.partitions < 1:
        sys.exit("--partitions must be at least 1")
    conf = SparkConf().setAppName("stance score and aggregate")
    if arguments.master:
        conf = conf.setMaster(arguments.master)
    context = SparkContext.getOrCreate(conf)
    context.setLogLevel("WARN")
    timing = {}

    model = ["--model", arguments.model] if arguments.model else []
    score = (
        [arguments.stance, "score", "--threads", str(arguments.threads)]
        + model
        + shlex.split(arguments.score_args)
        + ["-"]
    )
    aggregate = (
        [arguments.stance, "aggregate", "--by", arguments.by]
        + model
        + shlex.split(arguments.aggregate_args)
        + ["-"]
    )

    start = time.monotonic()
    partitions = arguments.partitions
    seed = arguments.seed
    records = context.textFile(arguments.input).filter(lambda line: line.strip() != "")
    # Shuffle: every record goes to a pseudo-random partition, so no partition holds a run of the input; sorted by
    # the key within each partition, so that the order does not depend on the order shuffle blocks arrive in.
    shuffled = (
        records.zipWithIndex()
        .map(lambda pair: (shuffle_key(seed, pair[1]), pair[0]))
        .repartitionAndSortWithinPartitions(partitions, lambda key: key % partitions)
        .values()
    )
    # One stance score per partition; a non-zero exit (a bad record) fails the task, and stance's message is in
    # the executor's log. RDD.pipe gives the process only the environment passed here.
    environment = {
        name: value
        for name, value in os.environ.items()
        if name in ("PATH", "STANCE_MODEL") or name.startswith("OPENBLAS_")
    }
    articles = shuffled.pipe(shlex.join(score), env=environment, checkCode=True).persist(
        StorageLevel.MEMORY_AND_DISK
    )
    articles.saveAsTextFile(os.path.join(arguments.output, "articles"))
    timing["score_seconds"] = time.monotonic() - start

    start = time.monotonic()
    # Every article of a group in one process: the lines in partition order (that of the part files) through one
    # stance aggregate.
    table = articles.coalesce(1).pipe(shlex.join(aggregate), env=environment, checkCode=True).collect()
    timing["aggregate_seconds"] = time.monotonic() - start
    timing["partitions"] = shuffled.getNumPartitions()

    with open(os.path.join(arguments.output, "table.txt"), "w", encoding="utf-8") as file:
        file.write("".join(line + "\n" for line in table))
    with open(os.path.join(arguments.output, "timing.json"), "w", encoding="utf-8") as file:
        json.dump(timing, file, indent=2)
        file.write("\n")
    print(json.dumps(timing))
    context.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
