#include "capture/mesh.h"
