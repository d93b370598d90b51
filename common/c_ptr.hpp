// One owner for every C handle that one function frees: CPtr<&cairo_destroy>, CPtr<&av_frame_free>.
#pragma once

#include <memory>
#include <type_traits>

namespace councilcast {
namespace c_ptr_detail {

// The one parameter of a free function. The noexcept form is another type, and glibc declares
// its functions noexcept in C++.
template <typename F>
struct Parameter;
template <typename R, typename P>
struct Parameter<R (*)(P)> {
    using Type = P;
};
template <typename R, typename P>
struct Parameter<R (*)(P) noexcept> {
    using Type = P;
};

template <auto F>
struct Deleter {
    using Freed = typename Parameter<decltype(F)>::Type;
    // free(T**) also clears the caller's pointer (av_frame_free, avformat_close_input); not for
    // functions that take an array of pointers (g_strfreev).
    static constexpr bool kTakesAddress = std::is_pointer_v<std::remove_pointer_t<Freed>>;
    using Handle = std::remove_pointer_t<
        std::conditional_t<kTakesAddress, std::remove_pointer_t<Freed>, Freed>>;

    // A result, if any (BIO_free, sqlite3_finalize), is dropped: a destructor has nobody to tell.
    template <typename T>
    void operator()(T* handle) const {
        if constexpr (kTakesAddress) {
            F(&handle);
        } else {
            F(handle);
        }
    }
};

}  // namespace c_ptr_detail

// The handle type is the free function's parameter; name it when that is void* (g_free):
// CPtr<&g_free, gchar>.
template <auto Free, typename T = typename c_ptr_detail::Deleter<Free>::Handle>
using CPtr = std::unique_ptr<T, c_ptr_detail::Deleter<Free>>;

}  // namespace councilcast
