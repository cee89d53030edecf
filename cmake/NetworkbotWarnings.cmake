# networkbot_set_warnings(target): the warning set for code we write. Third-party headers come in as
# SYSTEM includes (imported targets), so their warnings never fail our build.
function(networkbot_set_warnings target)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE
      -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
      -Woverloaded-virtual -Wconversion -Wsign-conversion -Wdouble-promotion
      -Wformat=2 -Wimplicit-fallthrough)
    # -Wnull-dereference with clang only: g++ 12 checks it after inlining, and at -O3 it reports null
    # pointers inside Boost.Asio's and nlohmann's headers that cannot be null.
    if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
      target_compile_options(${target} PRIVATE -Wnull-dereference)
    endif()
    if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
      # -Wno-restrict: at -O3, g++ 12 reports "literal" + std::string as an overlapping memcpy (GCC bug
      # 105329), a false positive in std::string itself. -Wno-mismatched-new-delete: at -O2, g++ 12 pairs
      # a coroutine frame's allocation with Asio's awaitable_frame_base::operator delete and calls them
      # mismatched, though Asio declares both (a false positive on every coroutine that co_returns).
      target_compile_options(${target} PRIVATE -Wmisleading-indentation -Wduplicated-cond -Wlogical-op -Wno-restrict
                                               -Wno-mismatched-new-delete)
    endif()
    if(NETWORKBOT_WARNINGS_AS_ERRORS)
      target_compile_options(${target} PRIVATE -Werror)
    endif()
  endif()
endfunction()
