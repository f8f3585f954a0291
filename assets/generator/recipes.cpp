#include "assets/generator/models/models.h"
#include "assets/generator/sample_model.h"

namespace heritage::sample {

const std::vector<SampleModelRecipe>& sample_model_recipes() {
    static const std::vector<SampleModelRecipe> kRecipes = {
        {"dan-tinh-tay", &make_dan_tinh_tay},
        {"khen-mong", &make_khen_mong},
        {"mu-khun-tang-pa-di", &make_mu_khun_tang_pa_di},
        {"nha-trinh-tuong-ha-nhi", &make_nha_trinh_tuong_ha_nhi},
        {"qua-con-giay", &make_qua_con_giay},
        {"sach-nom-dao", &make_sach_nom_dao},
        {"tranh-tho-dao-do", &make_tranh_tho_dao_do},
        {"trang-phuc-dao-do", &make_trang_phuc_dao_do},
        {"trong-dong-gia-phu", &make_trong_dong_gia_phu},
        {"trong-dong-pha-long", &make_trong_dong_pha_long},
        {"vay-lanh-mong-hoa", &make_vay_lanh_mong_hoa},
        {"vong-co-bac-mong", &make_vong_co_bac_mong},
        {"yen-ngua-bac-ha", &make_yen_ngua_bac_ha},
    };
    return kRecipes;
}

}  // namespace heritage::sample
