#include "capture/charuco.h"
