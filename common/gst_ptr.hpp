// Owners for GLib/GStreamer handles. Whether a reference is adopted (we already own it) or taken
// (we add one) is said at the call site; floating references are sunk in exactly one place.
#pragma once

#include <glib-object.h>
#include <gst/gst.h>

#include <utility>

namespace councilcast {

// Every GObject (GstElement, GstPad, GstBus, ...) by default; mini objects are specialised below.
template <typename T>
struct GHandleTraits {
    static void ref(T* p) { g_object_ref(p); }
    static void unref(T* p) { g_object_unref(p); }
    // GstObjects start floating: sinking turns the floating reference into ours.
    static T* sink(T* p) { return static_cast<T*>(g_object_ref_sink(p)); }
};

#define COUNCILCAST_MINI_OBJECT_TRAITS(Type)                                           \
    template <>                                                                        \
    struct GHandleTraits<Type> {                                                       \
        static void ref(Type* p) { gst_mini_object_ref(GST_MINI_OBJECT_CAST(p)); }     \
        static void unref(Type* p) { gst_mini_object_unref(GST_MINI_OBJECT_CAST(p)); } \
        static Type* sink(Type* p) { return p; }                                       \
    };
COUNCILCAST_MINI_OBJECT_TRAITS(GstMiniObject)
COUNCILCAST_MINI_OBJECT_TRAITS(GstMessage)
COUNCILCAST_MINI_OBJECT_TRAITS(GstCaps)
COUNCILCAST_MINI_OBJECT_TRAITS(GstBuffer)
COUNCILCAST_MINI_OBJECT_TRAITS(GstSample)
COUNCILCAST_MINI_OBJECT_TRAITS(GstEvent)
COUNCILCAST_MINI_OBJECT_TRAITS(GstQuery)
#undef COUNCILCAST_MINI_OBJECT_TRAITS

template <typename T>
class GPtr {
  public:
    GPtr() = default;
    // We already hold the reference (a function documented "transfer full").
    static GPtr adopt(T* p) { return GPtr(p); }
    // Somebody else holds it ("transfer none"): add ours.
    static GPtr take(T* p) {
        if (p) GHandleTraits<T>::ref(p);
        return GPtr(p);
    }
    // A newly created GstObject (floating): the one place floating references become ours.
    static GPtr sink(T* p) { return GPtr(p ? GHandleTraits<T>::sink(p) : nullptr); }

    GPtr(const GPtr& other) : p_(other.p_) {
        if (p_) GHandleTraits<T>::ref(p_);
    }
    GPtr(GPtr&& other) noexcept : p_(std::exchange(other.p_, nullptr)) {}
    GPtr& operator=(GPtr other) noexcept {
        std::swap(p_, other.p_);
        return *this;
    }
    ~GPtr() {
        if (p_) GHandleTraits<T>::unref(p_);
    }

    T* get() const { return p_; }
    T* operator->() const { return p_; }
    explicit operator bool() const { return p_ != nullptr; }
    T* release() { return std::exchange(p_, nullptr); }
    // For out-parameters that return a full reference: `gst_x(..., ptr.out())`.
    T** out() {
        reset();
        return &p_;
    }
    void reset() {
        if (p_) GHandleTraits<T>::unref(std::exchange(p_, nullptr));
    }

  private:
    explicit GPtr(T* p) : p_(p) {}
    T* p_ = nullptr;
};

// GError and g_free'd strings, for out-parameters.
class GErrorPtr {
  public:
    GErrorPtr() = default;
    GErrorPtr(const GErrorPtr&) = delete;
    GErrorPtr& operator=(const GErrorPtr&) = delete;
    ~GErrorPtr() { g_clear_error(&p_); }
    GError** out() {
        g_clear_error(&p_);
        return &p_;
    }
    GError* get() const { return p_; }
    const char* message() const { return p_ ? p_->message : ""; }
    explicit operator bool() const { return p_ != nullptr; }

  private:
    GError* p_ = nullptr;
};

class GCharPtr {
  public:
    GCharPtr() = default;
    explicit GCharPtr(gchar* p) : p_(p) {}
    GCharPtr(const GCharPtr&) = delete;
    GCharPtr& operator=(const GCharPtr&) = delete;
    ~GCharPtr() { g_free(p_); }
    gchar** out() {
        g_free(std::exchange(p_, nullptr));
        return &p_;
    }
    const char* get() const { return p_ ? p_ : ""; }

  private:
    gchar* p_ = nullptr;
};

}  // namespace councilcast
