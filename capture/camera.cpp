#include "capture/camera.h"
