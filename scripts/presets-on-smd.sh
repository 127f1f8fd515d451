#!/bin/bash
# Trains every preset through the CLI on the SMD sample (issue 4 acceptance): supervised presets train on
# the first half of the labelled test file. EPOCHS (default 2) caps the epochs of the neural presets.
# Needs ../shared/datasets beside the checkout and a built CLI (npm run build).
cd "$(dirname "$0")/.."
D=../shared/datasets
for p in $(node -e "require('esbuild').buildSync({entryPoints:['shared/domain/presets.ts'],bundle:true,outfile:'dist/presets.cjs',format:'cjs',platform:'node'});console.log(require('./dist/presets.cjs').presets.map(p=>p.name).join(' '))"); do
  start=$(date +%s)
  case $p in
    ae-classifier|clstm) args="--train $D/smd-machine-1-7-test.csv --label label --train-share 0.5";;
    *) args="--train $D/smd-machine-1-7-train.csv --test $D/smd-machine-1-7-test.csv --label label";;
  esac
  case $p in pca|iforest*) ep="";; *) ep="--epochs ${EPOCHS:-2}";; esac
  mkdir -p out/presets
  node dist/main/cli.cjs analyze $args --preset $p $ep --out out/presets/$p > out/presets/$p.log 2>&1
  rc=$?
  end=$(date +%s)
  summary=$(grep "^done in" out/presets/$p.log | tail -1)
  echo "$p rc=$rc $((end-start))s $summary"
done
