#include "capture/object_mask.h"
