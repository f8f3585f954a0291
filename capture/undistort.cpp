#include "capture/undistort.h"
