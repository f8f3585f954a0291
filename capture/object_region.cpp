#include "capture/object_region.h"
