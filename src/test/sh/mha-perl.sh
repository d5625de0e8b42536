#!/usr/bin/env bash
# MHA 0.58's Perl modules, copied to DIR/MHA (use with PERL5LIB=DIR) with the two fixes it needs
# against MariaDB on Perl 5.36; /usr/share/perl5 is never edited:
# - version strings such as 11.4.5-MariaDB-log hold more numbers than its sprintf formats, and
#   Perl 5.36 makes "Redundant argument in sprintf" fatal: only the numbers the format uses;
# - it reads @@global.super_read_only, which MariaDB does not have: read it with SHOW GLOBAL
#   VARIABLES, which gives no row there.
set -euo pipefail
dir=$1
rm -rf "$dir/MHA"
mkdir -p "$dir"
cp -r /usr/share/perl5/MHA "$dir/"
perl -0pi -e 's/sprintf\( \x27%03d%03d%03d\x27, \$str =~ m\/\(\\d\+\)\/g \)/sprintf( \x27%03d%03d%03d\x27, ( \$str =~ m\/(\\d+)\/g )[0,1,2] )/; s/sprintf\( \x27%03d%03d\x27, \$str =~ m\/\(\\d\+\)\/g \)/sprintf( \x27%03d%03d\x27, ( \$str =~ m\/(\\d+)\/g )[0,1] )/' "$dir/MHA/NodeUtil.pm"
perl -0pi -e 's/prepare\("SELECT \\\@\\\@global\.super_read_only as Value"\)/prepare("SHOW GLOBAL VARIABLES LIKE \x27super_read_only\x27")/; s/if \( \$href->\{Value\} == \x271\x27 \)/if ( \$href && \$href->{Value} eq \x27ON\x27 )/' "$dir/MHA/SlaveUtil.pm"
grep -q "\[0,1,2\]" "$dir/MHA/NodeUtil.pm" && grep -q "\[0,1\] )" "$dir/MHA/NodeUtil.pm" \
  && grep -q "LIKE 'super_read_only'" "$dir/MHA/SlaveUtil.pm" && grep -q "href && " "$dir/MHA/SlaveUtil.pm" \
  || { echo "mha-perl.sh: MHA's modules are not the 0.58 ones these fixes are for" >&2; exit 1; }
