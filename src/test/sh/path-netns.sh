#!/usr/bin/env bash
# A routed path for PathIT: network namespaces joined by veth pairs, three routers between a
# "primary" host and a "DR" host, every link in a documentation range (public to art32).
#   path-netns.sh up NAME     creates NAME-p (primary) - NAME-r1 - NAME-r2 - NAME-r3 - NAME-d (DR)
#   path-netns.sh down NAME   removes them
# Links: p 198.51.100.2 - r1 198.51.100.1 | r1 203.0.113.1 - r2 203.0.113.2 |
#        r2 198.51.100.9 - r3 198.51.100.10 | r3 192.0.2.1 - d 192.0.2.2
# A router answers a traceroute probe from the link facing the primary, so r1 is seen as
# 198.51.100.1, r2 as 203.0.113.2, r3 as 198.51.100.10, the DR node as 192.0.2.2.
set -euo pipefail
cmd=$1
n=$2
ns() { ip netns exec "$n-$1" "${@:2}"; }
if [ "$cmd" = down ]; then
  for x in p r1 r2 r3 d; do ip netns del "$n-$x" 2>/dev/null || true; done
  exit 0
fi
for x in p r1 r2 r3 d; do ip netns add "$n-$x"; ns "$x" ip link set lo up; done
link() { # link A B ADDR_A ADDR_B
  ip link add "$n$1x" type veth peer name "$n$2y"
  ip link set "$n$1x" netns "$n-$1"
  ip link set "$n$2y" netns "$n-$2"
  ns "$1" ip addr add "$3/30" dev "$n$1x"
  ns "$2" ip addr add "$4/30" dev "$n$2y"
  ns "$1" ip link set "$n$1x" up
  ns "$2" ip link set "$n$2y" up
}
link p r1 198.51.100.2 198.51.100.1
link r1 r2 203.0.113.1 203.0.113.2
link r2 r3 198.51.100.9 198.51.100.10
link r3 d 192.0.2.1 192.0.2.2
for x in r1 r2 r3; do ns "$x" sysctl -qw net.ipv4.ip_forward=1; done
ns p ip route add default via 198.51.100.1
ns r1 ip route add default via 203.0.113.2
ns r2 ip route add 198.51.100.0/30 via 203.0.113.1
ns r2 ip route add default via 198.51.100.10
ns r3 ip route add default via 198.51.100.9
ns d ip route add default via 192.0.2.1
