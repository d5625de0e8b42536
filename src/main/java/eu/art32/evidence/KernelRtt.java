package eu.art32.evidence;

/**
 * The kernel's own round-trip estimate for art32's TCP connections to a node (Linux {@code
 * TCP_INFO}, read with {@code ss -ti}): {@code minRttMs} is the smallest round trip the kernel
 * timed on them (the path's floor; no scheduling of art32 can raise it), {@code srttMs} the
 * smoothed estimate (which on a request/response connection includes the server's answer time). A
 * delay added in user space beyond the first hop, such as a proxy, is invisible here.
 */
public record KernelRtt(double minRttMs, double srttMs, int connections) {}
