// Linux's epoll, which the Swift Glibc module does not export (for ThresholdServer's event loop).
#ifndef THRESHOLD_CEPOLL_H
#define THRESHOLD_CEPOLL_H
#include <sys/epoll.h>
#endif
