#include "capture/poses_charuco.h"
