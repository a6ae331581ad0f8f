# extra.cmake — optional build pieces included at the end of CMakeLists.txt.
include(${CMAKE_CURRENT_LIST_DIR}/fuzz.cmake)
