// The one translation unit that compiles Boost.Asio, Asio's TLS support and Beast. Every other file
// that includes them sees BOOST_ASIO_SEPARATE_COMPILATION / BOOST_BEAST_SEPARATE_COMPILATION (set on the
// networkbot_asio target) and only declares, so a 2-core machine compiles these headers' bodies once.
#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
#include <boost/beast/src.hpp>
