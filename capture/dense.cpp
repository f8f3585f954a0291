#include "capture/dense.h"
