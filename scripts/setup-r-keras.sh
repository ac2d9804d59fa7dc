#!/usr/bin/env bash
# Test-only: the real R keras 2.15.0 and its R dependencies (reticulate 1.46.0, tensorflow
# 2.15.0, tfruns, tfautograph, config), installed from the source tarballs in ../shared/r-src
# into the project library .Rlib-rkeras, kept apart from Debian's reticulate 1.28. Nothing in
# rbridge needs them at run time; users get them from CRAN. Idempotent.
# Exit status 3 (with the reason) when ../shared/r-src is absent, as in a user's checkout.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
src=${RBRIDGE_R_SRC:-../shared/r-src}
lib=.Rlib-rkeras
if [ ! -f "$src/keras_2.15.0.tar.gz" ]; then
  log "no R keras sources at $src (they come with the project's shared folder, not with a clone)"
  exit 3
fi
# Their dependencies that Debian packages.
apt_install r-cran-rcpp r-cran-rcpptoml r-cran-here r-cran-png r-cran-rappdirs r-cran-withr \
  r-cran-jsonlite r-cran-matrix r-cran-r6 r-cran-magrittr r-cran-zeallot r-cran-glue r-cran-rlang \
  r-cran-generics r-cran-yaml r-cran-processx r-cran-whisker r-cran-tidyselect r-cran-base64enc \
  r-cran-rstudioapi r-cran-backports r-cran-lifecycle
(cd "$src" && sha256sum -c --quiet SHA256SUMS) || die "checksums of $src/*.tar.gz do not match SHA256SUMS"
mkdir -p "$lib"
for p in reticulate config tfruns tfautograph tensorflow keras; do
  tarball=$(ls "$src/${p}"_*.tar.gz)
  version=$(basename "$tarball" .tar.gz); version=${version#"${p}_"}
  if [ "$(Rscript -e "cat(tryCatch(format(packageVersion('$p', lib.loc = '$lib')), error = function(e) ''))")" = "$version" ]; then
    continue
  fi
  log "installing R package $p $version into $lib"
  R CMD INSTALL --no-docs --no-html -l "$lib" "$tarball" >"/tmp/rbridge-install-$p.log" 2>&1 \
    || { tail -n 30 "/tmp/rbridge-install-$p.log" >&2; die "R CMD INSTALL $p failed"; }
done
log "ready: R keras $(Rscript -e "cat(format(packageVersion('keras', lib.loc = '$lib')))") and reticulate $(Rscript -e "cat(format(packageVersion('reticulate', lib.loc = '$lib')))") in $lib"
