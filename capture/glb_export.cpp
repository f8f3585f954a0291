#include "capture/glb_export.h"
