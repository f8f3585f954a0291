// render/gl/gl.h: the one OpenGL include. Core profile 3.3 prototypes from glcorearb.h,
// linked directly against libGL/libOpenGL (GLVND): no loader. Only render/gl/ includes it.
#pragma once
#define GL_GLEXT_PROTOTYPES 1
#include <GL/glcorearb.h>
